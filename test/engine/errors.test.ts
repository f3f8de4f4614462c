/**
 * API errors on create, through n8n's engine and n8n-core's HTTP stack: EvoLink's message and
 * a hint reach the user, the API key reaches nobody, and a create is retried only where that
 * cannot buy a second task: when EvoLink certainly did not take it (429, refused connection),
 * or with the same Idempotency-Key (EvoLink's ledger returns the original task).
 */
import { ENGINE_GOOD_KEY, ENGINE_WRONG_KEY } from '../support/keys';
import { answerOf } from '../support/simulator';
import { deepText, logLines, runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(20_000);

const WRONG_KEY = ENGINE_WRONG_KEY;
const GOOD_KEY = ENGINE_GOOD_KEY;

const s = useSimulator({ taskSeconds: 60, apiKeys: [GOOD_KEY] });

const parameters = { operation: 'generate', waitForCompletion: false, prompt: 'A cat playing the piano' };
const credentials = () => ({ apiKey: GOOD_KEY, baseUrl: s.sim.url });

function expectNoKeyAnywhere(result: Awaited<ReturnType<typeof runWorkflow>>, key: string) {
	expect(JSON.stringify(result.run)).not.toContain(key);
	expect(deepText(result.run)).not.toContain(key);
	expect(deepText(result.error)).not.toContain(key);
	expect(deepText(result.items)).not.toContain(key);
	expect(deepText(logLines)).not.toContain(key);
	// The key only ever travels in the Authorization header.
	for (const r of s.sim.requests) expect(r.secretLeaks).toEqual([]);
}

beforeEach(() => {
	logLines.length = 0;
});

test('401: EvoLink\'s message, a hint about the key, and the key appears nowhere', async () => {
	const result = await runWorkflow({ parameters, credentials: { apiKey: WRONG_KEY, baseUrl: s.sim.url } });
	expect(result.status).toBe('error');
	expect(result.error).toEqual({
		message: 'EvoLink: Invalid API key (HTTP 401)',
		description: 'Check the API key in the EvoLink API credential (keys look like sk-evo-…).',
		itemIndex: 0,
		name: 'NodeApiError',
		httpCode: '401',
		node: 'EvoLink',
	});
	// n8n-core's httpRequestWithAuthentication re-sends a request once after a THROWN 401 (for
	// expiring tokens); the node takes HTTP errors as answers (ignoreHttpStatusErrors), so the
	// refused create is sent once, and a 401 is not retried by the node either.
	const creates = s.creates();
	expect(creates.map((c) => [c.status, c.auth])).toEqual([[401, { present: true, bearer: true, valid: false }]]);
	expect(s.sim.tasks()).toEqual([]);
	expectNoKeyAnywhere(result, WRONG_KEY);
});

test('the valid key appears nowhere either, on success and on a server error', async () => {
	const ok = await runWorkflow({ parameters, credentials: credentials() });
	expect(ok.status).toBe('success');
	expectNoKeyAnywhere(ok, GOOD_KEY);

	s.sim.inject({ match: 'POST /v1/videos/generations', status: 500, times: -1 });
	const failed = await runWorkflow({ parameters, credentials: credentials() });
	expect(failed.status).toBe('error');
	expectNoKeyAnywhere(failed, GOOD_KEY);
});

test('402: billing hint with the billing page', async () => {
	s.sim.inject({ match: 'POST /v1/videos/generations', status: 402 });
	const result = await runWorkflow({ parameters, credentials: credentials() });
	expect(result.error).toMatchObject({
		message: 'EvoLink: Insufficient credits (HTTP 402)',
		description: 'Your EvoLink credits are not enough for this task. Top up at https://evolink.ai/dashboard/billing.',
		httpCode: '402',
		itemIndex: 0,
	});
	expect(s.creates()).toHaveLength(1);
});

test('403: names the model the key has no access to', async () => {
	s.sim.inject({ match: 'POST /v1/videos/generations', status: 403 });
	const result = await runWorkflow({ parameters: { ...parameters, model: 'kling-v3-text-to-video' }, credentials: credentials() });
	expect(result.error).toMatchObject({
		message: 'EvoLink: No access to this model (HTTP 403)',
		description: 'This API key has no access to the model kling-v3-text-to-video.',
		httpCode: '403',
	});
	expect(s.creates()).toHaveLength(1);
});

test('400 from EvoLink names the parameter it rejected', async () => {
	s.sim.inject({
		match: 'POST /v1/videos/generations',
		status: 400,
		message: "'aspect_ratio' is not supported",
		param: 'aspect_ratio',
	});
	const result = await runWorkflow({ parameters, credentials: credentials() });
	expect(result.error).toMatchObject({
		message: "EvoLink: 'aspect_ratio' is not supported (HTTP 400)",
		description: 'EvoLink rejected the parameter "aspect_ratio".',
	});
	expect(s.creates()).toHaveLength(1);
});

test('429 on create is retried after Retry-After, then succeeds: exactly 2 creates', async () => {
	s.sim.inject({ match: 'POST /v1/videos/generations', status: 429, retryAfter: 1 });
	const result = await runWorkflow({ parameters, credentials: credentials() });
	expect(result.error).toBeUndefined();
	const creates = s.creates();
	expect(creates.map((c) => c.status)).toEqual([429, 200]);
	// Retry-After: 1 honoured (the node's own backoff would wait 2 s).
	const gap = creates[1].time - creates[0].time;
	expect(gap).toBeGreaterThanOrEqual(950);
	expect(gap).toBeLessThan(1900);
	expect(result.items).toHaveLength(1);
	expect(result.items[0].json.id).toBe(answerOf(creates[1]).id);
	expect(s.sim.tasks()).toHaveLength(1);
});

test('429 on every attempt: gives up after 4 creates with the rate-limit hint', async () => {
	s.sim.inject({ match: 'POST /v1/videos/generations', status: 429, retryAfter: 0, times: -1 });
	const result = await runWorkflow({ parameters, credentials: credentials() });
	expect(s.creates().map((c) => c.status)).toEqual([429, 429, 429, 429]);
	expect(result.error).toMatchObject({
		message: 'EvoLink: Rate limit exceeded (HTTP 429)',
		description:
			'EvoLink is rate limiting this key (retry after 60 seconds). Lower the number of items per run or retry later.',
	});
});

test('500 on every create: 3 tries with the same Idempotency-Key, then the error says the task may exist', async () => {
	s.sim.inject({ match: 'POST /v1/videos/generations', status: 500, times: -1 });
	const result = await runWorkflow({ parameters, credentials: credentials() });
	const creates = s.creates();
	expect(creates.map((c) => c.status)).toEqual([500, 500, 500]);
	const key = creates[0].idempotencyKey;
	expect(creates.every((c) => c.idempotencyKey === key && c.runId === key)).toBe(true);
	expect(result.error).toMatchObject({
		message: 'EvoLink: Internal server error (HTTP 500)',
		// a 500 may come after the task was taken: say so, with the key to find it by
		description: `EvoLink may have created (and charged) this task anyway: the create (Idempotency-Key ${key}) reached EvoLink but no answer confirmed it. Look for it with Get Many Tasks before running it again. EvoLink had a server problem (retry after 30 seconds). Retry in a little while.`,
		httpCode: '500',
	});
	expect(s.sim.tasks()).toEqual([]);
});

test('one 500 on create: sent again with the same key, one paid task, and the output warns it is unconfirmed', async () => {
	s.sim.inject({ match: 'POST /v1/videos/generations', status: 500 });
	const result = await runWorkflow({ parameters, credentials: credentials() });
	expect(result.error).toBeUndefined();
	const creates = s.creates();
	expect(creates.map((c) => [c.status, c.idempotencyKey])).toEqual([
		[500, creates[0].idempotencyKey],
		[200, creates[0].idempotencyKey],
	]);
	expect(s.counters().creates).toBe(1);
	// This 500 came before the task was made, so the ledger had nothing to replay: the node
	// cannot tell that from a server without a ledger, and says a second task may exist.
	expect(result.items.map((i) => [i.json.id, i.json.replayed])).toEqual([[answerOf(creates[1]).id, false]]);
	expect(result.items[0].json.warning).toMatch(/^An earlier try of this create got no answer, and EvoLink did not confirm this as the same task/);
});

test('a create whose answer is lost is sent again with the same key: EvoLink replays the original task', async () => {
	s.sim.inject({ match: 'POST /v1/videos/generations', action: 'drop-response' });
	const result = await runWorkflow({ parameters, credentials: credentials() });
	expect(result.error).toBeUndefined();
	const creates = s.creates();
	expect(creates.map((c) => [c.status, c.replayed ?? false])).toEqual([
		['dropped', false],
		[200, true],
	]);
	expect(creates[1].idempotencyKey).toBe(creates[0].idempotencyKey);
	// The simulator made (and bills) exactly one task: the retry got that one back.
	expect(s.sim.tasks()).toHaveLength(1);
	expect(s.counters().creates).toBe(1);
	expect(result.items[0].json).toMatchObject({ id: s.sim.tasks()[0].id, replayed: true, idempotencyKey: creates[0].idempotencyKey });
	expect(result.items[0].json.warning).toBeUndefined();
});

test('connection refused on create is retried, then succeeds', async () => {
	s.sim.refuseConnections(800);
	const result = await runWorkflow({ parameters, credentials: credentials() });
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	// The refused attempt never reached the server; the retry did, once.
	const creates = s.creates();
	expect(creates).toHaveLength(1);
	expect(result.items[0].json.id).toBe(answerOf(creates[0]).id);
	expect(result.durationMs).toBeGreaterThanOrEqual(1500);
});

test('a second item is not submitted after the first one failed (no Continue On Fail)', async () => {
	s.sim.inject({ match: 'POST /v1/videos/generations', status: 402, times: -1 });
	const result = await runWorkflow({
		parameters: { ...parameters, prompt: '={{ $json.p }}' },
		items: Array.from({ length: 8 }, (_, i) => ({ p: `video ${i}` })),
		credentials: credentials(),
	});
	expect(result.error).toMatchObject({ message: 'EvoLink: Insufficient credits (HTTP 402)' });
	// At most the 5 creates already in flight went out, never all 8.
	expect(s.creates().length).toBeLessThanOrEqual(5);
});

test('Continue On Fail: an API error becomes that item\'s error item, the others succeed', async () => {
	s.sim.inject({ match: 'POST /v1/videos/generations', status: 403, skip: 1 });
	const result = await runWorkflow({
		parameters: { ...parameters, prompt: '={{ $json.p }}' },
		items: [{ p: 'one' }, { p: 'two' }, { p: 'three' }],
		continueOnFail: true,
		credentials: credentials(),
	});
	expect(result.status).toBe('success');
	const creates = s.creates();
	expect(creates).toHaveLength(3);
	const rejected = (creates.find((c) => c.status === 403)!.body as { prompt: string }).prompt;
	const index = ['one', 'two', 'three'].indexOf(rejected);
	expect(result.items).toHaveLength(3);
	result.items.forEach((item, i) => {
		expect(item.pairedItem).toEqual({ item: i });
		if (i === index)
			expect(item.json).toEqual({
				error: 'EvoLink: No access to this model (HTTP 403)',
				description: 'This API key has no access to the model wan2.5-text-to-video.',
			});
		else expect(item.json.status).toBe('pending');
	});
});

test('no credential on the node: n8n\'s own error, nothing sent', async () => {
	const result = await runWorkflow({ parameters, credentials: null });
	expect(result.status).toBe('error');
	expect(result.error?.message).toBe('Node does not have any credentials set');
	expect(s.sim.requests).toEqual([]);
});
