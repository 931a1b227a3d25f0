// The PostgreSQL majors tenantops provisions on. The oldest is the floor a byod server is held to
// (14 has the SQL-standard function bodies the migrations use); the newest is the one the test
// suite's embedded servers run. Defaults differ between majors (PUBLIC's CREATE on schema public
// went in 15), so db/public reads what PUBLIC may do instead of assuming a major's defaults.
export const SUPPORTED_POSTGRES_MAJORS = { oldest: 14, newest: 18 } as const;

/** server_version_num of the oldest supported major's first release. */
export const MIN_SERVER_VERSION = SUPPORTED_POSTGRES_MAJORS.oldest * 10000;
