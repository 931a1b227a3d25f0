// Shapes shared by the catalog and the validation of tenant files.

/** The provider codes and modules the catalog knows, by category (from templates/providers.yaml). */
export interface ProviderRegistry {
  lms: string[];
  englishMaths: string[];
  crm: string[];
  hr: string[];
  /** Module names reports can belong to and tenants can enable. */
  modules: string[];
}

export interface TemplateVersion {
  major: number;
  minor: number;
}

export interface TemplateReport {
  /** The full report name as it stands in the template workspace. */
  name: string;
  /** `LMS-ENGLISHMATHS-CRM` or `LMS-ENGLISHMATHS-CRM-HR`. */
  providerCode: string;
  persona: string;
  version: TemplateVersion;
  module: string;
  /** Where it was declared: for errors. */
  file: string;
  line: number;
}

/** The parts of a report name `<PROVIDER CODE> - <Persona> v<major>.<minor>`. */
export interface ParsedTemplateName {
  /** `LMS-ENGLISHMATHS-CRM` or `LMS-ENGLISHMATHS-CRM-HR`. */
  providerCode: string;
  lms: string;
  englishMaths: string;
  crm: string;
  hr?: string;
  persona: string;
  version: TemplateVersion;
}

/** The provider categories of a tenant and of a provider code, in provider-code order. */
export type ProviderCategory = 'lms' | 'englishMaths' | 'crm' | 'hr';

/** The registry plus what people call things, for messages and listings. */
export interface ProviderCatalog extends ProviderRegistry {
  /** Provider code → product name, e.g. `SF` → `Salesforce`. */
  displayNames: Record<string, string>;
  /** Module name → one-line description. */
  moduleDescriptions: Record<string, string>;
}

/** What matching needs to know of a tenant: its source systems and, optionally, its modules. */
export interface TenantSelection {
  providers: { lms: string; englishMaths: string; crm: string; hr?: string };
  /** Enabled modules; absent means every module. */
  modules?: string[];
}

/** One template report that applies to a tenant (the shape of `catalog match --json`). */
export interface MatchedReport {
  name: string;
  providerCode: string;
  persona: string;
  /** `major.minor`, e.g. `1.10`. */
  version: string;
  module: string;
}
