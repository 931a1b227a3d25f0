// The scanner reports a model's parameters as M expressions; the value must read exactly as the
// parameters API's currentValue would, whatever the text holds.
import { describe, expect, it } from 'vitest';
import { parametersOf, parseParameterExpression } from '../../src/powerbi/m-parameters.ts';

/** A text parameter as a model definition (and the scanner) writes it. */
const parameterExpression = (_name: string, value: string) => `"${value.replaceAll('"', '""')}" meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]`;

describe('parseParameterExpression', () => {
  it('reads text, numbers, logicals and null as the parameters API reports them', () => {
    expect(parseParameterExpression('"db.example" meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]')).toEqual({ value: 'db.example', type: 'Text', isRequired: true });
    expect(parseParameterExpression('5432 meta [IsParameterQuery=true, Type="Number", IsParameterQueryRequired=false]')).toEqual({ value: '5432', type: 'Number', isRequired: false });
    expect(parseParameterExpression('true meta [IsParameterQuery=true, Type="Logical"]')?.value).toBe('true');
    expect(parseParameterExpression('null meta [IsParameterQuery=true, Type="Text"]')?.value).toBe('');
  });

  it('keeps quotes, brackets and the word meta inside a text value', () => {
    expect(parseParameterExpression('"say ""hi"" meta [x] ]" meta [IsParameterQuery=true, Type="Text"]')?.value).toBe('say "hi" meta [x] ]');
    expect(parseParameterExpression(parameterExpression('Host', 'a"b'))?.value).toBe('a"b');
  });

  it('tolerates spacing, line breaks, comments, case and field order', () => {
    const m = ' \n "v" /* the host */\n  META  [ Type = "Text" ,\n IsParameterQueryRequired=TRUE, // required\n IsParameterQuery = True ] ';
    expect(parseParameterExpression(m)).toEqual({ value: 'v', type: 'Text', isRequired: true });
  });

  it('is no parameter without IsParameterQuery=true, or when unreadable', () => {
    expect(parseParameterExpression('"v" meta [IsParameterQuery=false, Type="Text"]')).toBeUndefined();
    expect(parseParameterExpression('"v" meta [Type="Text"]')).toBeUndefined();
    expect(parseParameterExpression('let Source = PostgreSQL.Database(Host, Database) in Source')).toBeUndefined();
    expect(parseParameterExpression('"unterminated meta [IsParameterQuery=true]')).toBeUndefined();
    expect(parseParameterExpression('"v" meta [IsParameterQuery=true')).toBeUndefined();
    expect(parseParameterExpression('')).toBeUndefined();
  });

  it('parametersOf keeps the parameters among a model expressions, by name', () => {
    expect(parametersOf([
      { name: 'Host', expression: parameterExpression('Host', 'h') },
      { name: 'Sales', expression: 'let s = 1 in s' },
      { name: 'Port', expression: '"5432" meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]' },
    ])).toEqual({ Host: 'h', Port: '5432' });
  });
});
