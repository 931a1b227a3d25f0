// Done when: a tenant's BI role cannot write anything anywhere. As each tenant's BI login (schema
// and database isolation on a cluster whose admin is a superuser, so PUBLIC's defaults can be
// taken away), a fixed list of write attempts — the read-only default lifted first — all fail,
// and the cluster's catalogs are unchanged. With an admin that is no superuser, the plan says
// what only a superuser can take from PUBLIC, with the statements to run.
// The suite is shared with test/db/isolation-oldest.test.ts (PostgreSQL 14): test/support/bi-writes-suite.ts.
import { describeBiWritesSuite } from '../support/bi-writes-suite.ts';

describeBiWritesSuite();
