// Done when: for two tenants in each isolation mode, the BI and application roles of one cannot
// read, write or connect to the other's data. The catalog says so first (every role × object
// pair of the six tenants sharing the cluster, test/support/catalog-isolation.ts); then the test
// logs in as those roles (with the passwords the registry holds) and asserts PostgreSQL's own
// "permission denied", SQLSTATE 42501.
// The suite is shared with test/db/isolation-oldest.test.ts (PostgreSQL 14): test/support/isolation-suite.ts.
import { describeIsolationSuite } from '../support/isolation-suite.ts';

describeIsolationSuite();
