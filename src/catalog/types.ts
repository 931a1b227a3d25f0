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
