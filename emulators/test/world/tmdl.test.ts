import { describe, expect, it } from 'vitest';
import {
  evaluateTextExpression, parseModelDefinition, parseParameterExpression, parseTmdl, rewriteParameterValue,
} from '../../src/world/index.ts';
import { itWithSpecs } from '../support/specs.ts';
import { loadTemplateParts, traceItemBodies } from '../support/definitions.ts';

describe('TMDL reader', () => {
  itWithSpecs('accepts every SemanticModel definition of the recorded trace', () => {
    const bodies = traceItemBodies('SemanticModel');
    expect(bodies).toHaveLength(25);
    for (const body of bodies) {
      const model = parseModelDefinition(body.definition!.parts);
      expect(model.name).toBe('Model');
      expect(model.tables.map((t) => t.name).sort()).toEqual(['Table', 'Table_2']);
      const table = model.tables.find((t) => t.name === 'Table')!;
      expect(table.columns.map((c) => [c.name, c.dataType])).toEqual([['Column1', 'string'], ['Column2', 'int64']]);
      expect(table.partitions[0]).toMatchObject({ name: 'Table', kind: 'm', mode: 'import' });
      expect(table.partitions[0].source).toMatch(/^let\n\s+Source = Table\.FromRows/);
      expect(table.partitions[0].postgres).toBeUndefined();
    }
  });

  it('reads the template: four text parameters and five PostgreSQL tables with a tenant marker', () => {
    const model = parseModelDefinition(loadTemplateParts());
    expect(model.parameters.map((p) => [p.name, p.type, p.isRequired, p.value])).toEqual([
      ['Host', 'Text', true, 'template-db.invalid'], ['Port', 'Text', true, '5432'],
      ['Database', 'Text', true, 'tenant_template'], ['Schema', 'Text', true, 'tenant'],
    ]);
    expect(model.tables.map((t) => t.name).sort()).toEqual(['apprenticeships', 'assessments', 'crm_contacts', 'enrolments', 'learners']);
    const columns = Object.fromEntries(model.tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
    expect(columns.learners).toEqual(['learner_id', 'first_name', 'last_name', 'uln', 'tenant_marker']);
    expect(columns.apprenticeships).toEqual(['apprenticeship_id', 'learner_id', 'standard_code', 'start_date', 'planned_end_date', 'status', 'tenant_marker']);
    expect(columns.enrolments).toEqual(['enrolment_id', 'learner_id', 'course_code', 'enrolled_on', 'tenant_marker']);
    expect(columns.assessments).toEqual(['assessment_id', 'learner_id', 'subject', 'level', 'score', 'assessed_on', 'tenant_marker']);
    expect(columns.crm_contacts).toEqual(['contact_id', 'employer_name', 'email', 'owner', 'tenant_marker']);
    for (const table of model.tables) {
      expect(table.partitions[0].postgres).toEqual({ server: 'Host & ":" & Port', database: 'Database', schema: 'Schema', item: `"${table.name}"` });
    }
  });

  it('parses quoted names, properties after a multi-line expression, and fenced expressions', () => {
    const nodes = parseTmdl([
      "table 'Sales ''2024'''",
      '\tcolumn Amount',
      '\t\tdataType: decimal',
      "expression Query1 =",
      '\t\tlet',
      '\t\t    x = 1',
      '\t\tin x',
      '\tlineageTag: abc',
      'expression Fenced = ```',
      '    "a" meta [IsParameterQuery=true, Type="Text"]',
      '```',
    ].join('\n'));
    expect(nodes[0]).toMatchObject({ keyword: 'table', name: "Sales '2024'" });
    expect(nodes[0].children[0]).toMatchObject({ keyword: 'column', name: 'Amount' });
    expect(nodes[1]).toMatchObject({ keyword: 'expression', name: 'Query1', value: 'let\n    x = 1\nin x' });
    expect(nodes[1].children).toEqual([{ keyword: 'lineageTag', value: 'abc', children: [] }]);
    expect(parseParameterExpression('Fenced', nodes[2].value!)).toMatchObject({ value: 'a', type: 'Text', isRequired: false });
  });

  it('evaluates text expressions of parameters and reports errors the way Power Query words them', () => {
    const params = { Host: { value: 'db', type: 'Text' }, Port: { value: '5432', type: 'Text' }, N: { value: '1', type: 'Number' } };
    expect(evaluateTextExpression('Host & ":" & Port', params)).toEqual({ ok: true, value: 'db:5432' });
    expect(evaluateTextExpression('Host & ":" & Text.From(N)', params)).toEqual({ ok: true, value: 'db:1' });
    expect(evaluateTextExpression('Host & N', params)).toEqual({ ok: false, error: 'Expression.Error: We cannot apply operator & to types Text and Number.' });
    expect(evaluateTextExpression('Missing', params)).toMatchObject({ ok: false, error: expect.stringContaining("The name 'Missing' wasn't recognized") });
  });

  it('rewrites one parameter literal and leaves every other byte alone', () => {
    const parts = loadTemplateParts();
    const rewritten = rewriteParameterValue(parts, 'Database', '"acme_db"');
    const before = Buffer.from(parts.find((p) => p.path === 'definition/expressions.tmdl')!.payload, 'base64').toString();
    const after = Buffer.from(rewritten.find((p) => p.path === 'definition/expressions.tmdl')!.payload, 'base64').toString();
    expect(after).toBe(before.replace('expression Database = "tenant_template"', 'expression Database = "acme_db"'));
    expect(after).not.toBe(before);
    expect(rewritten.filter((p) => p.path !== 'definition/expressions.tmdl')).toEqual(parts.filter((p) => p.path !== 'definition/expressions.tmdl'));
  });
});
