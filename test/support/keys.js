// API keys for tests, none of them real: each test starts the simulator with the keys it
// accepts (the simulator's own default is DEFAULT_API_KEY in test/simulator/index.js).
// Kept in plain JS so that TypeScript tests hold no key-shaped literals (`n8n-node lint`
// runs the hardcoded-secrets rule meant for node code on every .ts file). Types: keys.d.ts.
'use strict';

module.exports = {
	/** test/engine/credential.test.ts: the key the credential test's simulator accepts */
	CREDENTIAL_TEST_KEY: 'sk-evo-credential-test-key-777',
	/** test/engine/credential.test.ts: a key that simulator refuses */
	WRONG_CREDENTIAL_KEY: 'sk-evo-wrong-credential-000111',
	/** test/engine/errors.test.ts: the key that simulator accepts */
	ENGINE_GOOD_KEY: 'sk-evo-engine-test-good-key-42',
	/** test/engine/errors.test.ts: a key that simulator refuses */
	ENGINE_WRONG_KEY: 'sk-evo-wrong-0123456789abcdef',
	/** test/engine/messages.test.ts: a key (not the simulator's) that an error body echoes back */
	ECHOED_KEY: 'sk-evo-echoed-back-0123456789ab',
	/** test/unit/transport.test.ts: the key on the request configs that must never survive an error */
	TRANSPORT_KEY: 'sk-evo-9f8e7d6c5b4a39281706f5e4d3c2b1a0SECRET',
};
