/**
 * The credential's `test` request (GET {baseUrl}/v1/credits with the Bearer header), sent the
 * way n8n's credential tester sends it: n8n-core's RoutingNode resolves the request (with the
 * credential's expressions) and authenticates it from the credential's IAuthenticateGeneric.
 */
import { CREDENTIAL_TEST_KEY, WRONG_CREDENTIAL_KEY } from '../support/keys';
import { testCredential } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(20_000);

const KEY = CREDENTIAL_TEST_KEY;
const s = useSimulator({ apiKeys: [KEY] });

test('a good key: "Connection successful!", one GET /v1/credits with the Bearer key', async () => {
	const result = await testCredential({ apiKey: KEY, baseUrl: s.sim.url });
	expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	expect(s.sim.requests.map((r) => [r.method, r.path, r.auth, r.status])).toEqual([
		['GET', '/v1/credits', { present: true, bearer: true, valid: true }, 200],
	]);
});

test('a base URL with trailing slashes still hits /v1/credits', async () => {
	const result = await testCredential({ apiKey: KEY, baseUrl: `${s.sim.url}//` });
	expect(result.status).toBe('OK');
	expect(s.sim.requests.map((r) => r.path)).toEqual(['/v1/credits']);
});

test('a wrong key fails with the 401 rule\'s message, and the key is not in the result', async () => {
	const wrong = WRONG_CREDENTIAL_KEY;
	const result = await testCredential({ apiKey: wrong, baseUrl: s.sim.url });
	expect(result.status).toBe('Error');
	expect(result.message).toBe('EvoLink refused the API key (401). Check the key on your EvoLink dashboard.');
	expect(s.sim.requests.every((r) => r.path === '/v1/credits' && r.status === 401)).toBe(true);
	// EvoLink's own message is in the error n8n logs (its response), not in what the user sees.
	const error = result.error as { message: string; cause: { response: { data: unknown } } };
	expect(error.message).toBe('Authorization failed - please check your credentials');
	expect(error.cause.response.data).toEqual({
		error: { code: 'unauthorized', message: 'Invalid API key', type: 'authentication_error' },
	});
	expect(result.message).not.toContain(wrong);
});

test('a wrong key shows a message about the API key, not just "Unauthorized"', async () => {
	// credentials/EvoLinkApi.credentials.ts says the test "shows EvoLink's own message when the key
	// is wrong", but n8n's credential tester only shows the HTTP status text for a failed test
	// request, unless the test defines `rules` (responseCode → message).
	const result = await testCredential({ apiKey: WRONG_CREDENTIAL_KEY, baseUrl: s.sim.url });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/API key/i);
});

test('an unreachable base URL fails with the network error code', async () => {
	const url = s.sim.url;
	s.sim.refuseConnections(1000);
	const result = await testCredential({ apiKey: KEY, baseUrl: url });
	expect(result.status).toBe('Error');
	expect(result.message).toBe('ECONNREFUSED');
});
