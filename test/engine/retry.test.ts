/**
 * n8n's node setting "Retry On Fail" re-runs the whole node when it throws, or when the FIRST
 * output item carries `json.error` (an error item under Continue On Fail). For Generate Video
 * a re-run must not buy a task twice: an item that already got a task keeps it (the node
 * remembers it, and its Idempotency-Key stays the same); only a task that FAILED is made anew.
 */
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(30_000);

const s = useSimulator({ taskSeconds: 1.5, estimatedSeconds: 2 });

const retry = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };

function promptsCreated() {
	return s.creates().map((c) => (c.body as { prompt: string }).prompt);
}

test('Continue On Fail + Retry On Fail, first item invalid: the good item is created once', async () => {
	const result = await runWorkflow({
		parameters: { operation: 'generate', waitForCompletion: false, prompt: '={{ $json.p }}' },
		items: [{ p: '' }, { p: 'good' }],
		continueOnFail: true,
		nodeSettings: retry,
		credentials: s.credentials,
	});
	expect(result.status).toBe('success');
	expect(result.items.map((i) => i.json.error ?? i.json.status)).toEqual(['Prompt is required', 'pending']);
	// The engine sees json.error on the first item and runs the node 3 times; "good" is still
	// created (and billed) once, and that task is the one in the output.
	expect(promptsCreated()).toEqual(['good']);
	expect(s.sim.stats().counters.creates).toBe(1);
	expect(result.items[1].json.id).toBe(s.sim.tasks()[0].id);
});

test('Retry On Fail after one task failed does not re-create the task that completed', async () => {
	const result = await runWorkflow({
		parameters: { operation: 'generate', waitForCompletion: true, prompt: '={{ $json.p }}' },
		items: [{ p: 'fine' }, { p: 'refused [sim:fail=content_policy_violation]' }],
		nodeSettings: { ...retry, maxTries: 2 },
		credentials: s.credentials,
	});
	expect(result.status).toBe('error');
	// Retrying the refused prompt is what Retry On Fail is for; paying again for "fine" is not.
	expect(promptsCreated().filter((p) => p === 'fine')).toHaveLength(1);
});

test('without Retry On Fail the node runs once (control for the two tests above)', async () => {
	await runWorkflow({
		parameters: { operation: 'generate', waitForCompletion: false, prompt: '={{ $json.p }}' },
		items: [{ p: '' }, { p: 'good' }],
		continueOnFail: true,
		credentials: s.credentials,
	});
	expect(promptsCreated()).toEqual(['good']);
});
