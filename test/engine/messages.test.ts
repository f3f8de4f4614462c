/**
 * What the user reads, through n8n's engine: network failures in plain words that n8n does
 * not rewrite, keys echoed back by a server redacted (and nothing around them lost), and a
 * Model given by an expression named as it evaluated.
 */
import { net } from '../support/host';
import { ECHOED_KEY } from '../support/keys';
import { deepText, logLines, runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(40_000);

const s = useSimulator({ taskSeconds: 60 });

/** A local port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('network failures in plain words', () => {
	test('a refused connection on create: "EvoLink could not be reached: the connection was refused", after its retries', async () => {
		const port = await closedPort();
		const result = await runWorkflow({
			parameters: { operation: 'generate', waitForCompletion: false, prompt: 'a cat' },
			credentials: { ...s.credentials, baseUrl: `http://127.0.0.1:${port}` },
		});
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			message: 'EvoLink could not be reached: the connection was refused',
			name: 'NodeOperationError',
			itemIndex: 0,
		});
		// The system's own words and what to check; never "may have created": nothing got through.
		expect(result.error?.description).toBe(
			`Check the Base URL in the EvoLink API credential and the network. (connect ECONNREFUSED 127.0.0.1:${port})`,
		);
		// A refused create is certainly not taken: retried (4 tries, 2 + 4 + 8 s apart) before giving up.
		expect(result.durationMs).toBeGreaterThanOrEqual(13_000);
	});

	test('Get Task: the same words, after the lookup\'s own retries', async () => {
		const port = await closedPort();
		const id = 'task-unified-1757169743-7cvnl5zw';
		const result = await runWorkflow({
			parameters: { operation: 'getTask', taskId: id },
			credentials: { ...s.credentials, baseUrl: `http://127.0.0.1:${port}` },
		});
		expect(result.error).toMatchObject({ message: `EvoLink task ${id} could not be reached: the connection was refused` });
	});

	test('a connection reset on Get Credits: "could not be reached: the connection was closed before an answer came"', async () => {
		s.sim.inject({ match: 'GET /v1/credits', action: 'reset' });
		const result = await runWorkflow({ parameters: { resource: 'account', operation: 'getCredits' }, credentials: s.credentials });
		expect(result.error).toMatchObject({
			message: 'EvoLink balance could not be reached: the connection was closed before an answer came',
			name: 'NodeOperationError',
		});
		expect(result.error?.description).toContain('Check the Base URL in the EvoLink API credential and the network.');
	});
});

describe('a key echoed back in an error body', () => {
	beforeEach(() => {
		logLines.length = 0;
	});

	test('is redacted in the message, and the characters after it are kept', async () => {
		s.sim.inject({
			match: 'POST /v1/videos/generations',
			status: 400,
			message: `Bad header "Bearer ${ECHOED_KEY}". Key ${ECHOED_KEY}, refused.`,
			param: `Bearer ${ECHOED_KEY}`,
		});
		const result = await runWorkflow({
			parameters: { operation: 'generate', waitForCompletion: false, prompt: 'a cat' },
			credentials: s.credentials,
		});
		expect(result.error).toMatchObject({
			message: 'EvoLink: Bad header "Bearer ***". Key sk-***, refused. (HTTP 400)',
			description: 'EvoLink rejected the parameter "Bearer ***".',
			httpCode: '400',
		});
		for (const where of [deepText(result.run), deepText(result.error), deepText(logLines)]) expect(where).not.toContain(ECHOED_KEY);
	});

	test('a key right before a full stop keeps the full stop', async () => {
		s.sim.inject({ match: 'GET /v1/credits', status: 401, message: `Invalid token Bearer ${ECHOED_KEY}.` });
		const result = await runWorkflow({ parameters: { resource: 'account', operation: 'getCredits' }, credentials: s.credentials });
		expect(result.error?.message).toBe('EvoLink balance: Invalid token Bearer ***. (HTTP 401)');
	});
});

describe('a Model given by an expression', () => {
	test('the "not supported" error shows what the expression gave, and nothing is sent', async () => {
		const result = await runWorkflow({
			parameters: { operation: 'generate', waitForCompletion: false, model: '={{ $json.model }}', prompt: 'a cat' },
			items: [{ model: 'wan9-text-to-video' }],
			credentials: s.credentials,
		});
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ message: 'Model "wan9-text-to-video" is not supported', itemIndex: 0, name: 'NodeOperationError' });
		expect(result.error?.description).toMatch(/^Pick the model from the list \(Model does not take expressions\)\. Models: wan2\.5-text-to-video, /);
		expect(result.error?.description).toMatch(/ Nothing was sent to EvoLink\.$/);
		expect(s.sim.requests).toEqual([]);
	});

	test('per item: each error names its own item\'s value (Continue On Fail)', async () => {
		const result = await runWorkflow({
			parameters: { operation: 'generate', waitForCompletion: false, model: '={{ $json.model }}', prompt: 'a cat' },
			items: [{ model: 'first-model' }, { model: 'second-model' }],
			continueOnFail: true,
			credentials: s.credentials,
		});
		expect(result.items.map((i) => i.json.error)).toEqual(['Model "first-model" is not supported', 'Model "second-model" is not supported']);
		expect(s.sim.requests).toEqual([]);
	});
});
