/** Where `global-setup.ts` tells the test files its migrated PGlite dump is. */
export const MIGRATED_DUMP_ENV = 'KEEPSAFE_TEST_MIGRATED_DUMP'
/** Where `global-setup.ts` names the migrated PostgreSQL database that test files copy. */
export const MIGRATED_TEMPLATE_ENV = 'KEEPSAFE_TEST_MIGRATED_TEMPLATE'
