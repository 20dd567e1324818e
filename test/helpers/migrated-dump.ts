/** Where `global-setup.ts` tells the test files its migrated PGlite dump is. */
export const MIGRATED_DUMP_ENV = 'KEEPSAFE_TEST_MIGRATED_DUMP'
