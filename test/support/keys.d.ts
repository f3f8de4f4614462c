// Types for keys.js (test-only API keys, see there).
export const CREDENTIAL_TEST_KEY: string;
export const WRONG_CREDENTIAL_KEY: string;
export const ENGINE_GOOD_KEY: string;
export const ENGINE_WRONG_KEY: string;
export const ECHOED_KEY: string;
export const TRANSPORT_KEY: string;
