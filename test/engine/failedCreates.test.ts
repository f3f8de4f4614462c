/**
 * Several creates failing in one run without Continue On Fail, through n8n's engine: the
 * thrown error is the first failed item's, and its description names every other failed item
 * and every task the run created (they keep running, and are paid for).
 */
import type { IDataObject } from 'n8n-workflow';

import type { LoggedRequest, TaskView } from '../support/simulator';
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(30_000);

// The simulator refuses http/loopback callback URLs, as EvoLink does; the credential lets the
// node send them (a local-testing switch), so EvoLink's own 400 fails exactly those items.
const s = useSimulator({ taskSeconds: 60 });
const credentials = () => ({ ...s.credentials, allowLocalCallbacks: true });

const ITEMS: IDataObject[] = [0, 1, 2, 3, 4].map((i) => ({ p: `video ${i}` }));

async function generate(items: IDataObject[]) {
	return await runWorkflow({
		parameters: {
			operation: 'generate',
			waitForCompletion: false,
			prompt: '={{ $json.p }}',
			options: { callbackUrl: '={{ $json.hook ?? "" }}' },
		},
		items,
		credentials: credentials(),
	});
}

const itemOf = (c: LoggedRequest) => Number(/video (\d)/.exec(String((c.body as { prompt: string }).prompt))![1]);

/** "item 0: task-unified-… (pending 0%)" for every task the run created, in item order. */
function createdTasks(): string[] {
	return s
		.creates()
		.filter((c) => c.status === 200)
		.sort((a, b) => itemOf(a) - itemOf(b))
		.map((c) => `item ${itemOf(c)}: ${(c.response as TaskView).id} (pending 0%)`);
}

test('items 1 and 3 refused by EvoLink (400): the error is item 1\'s and names item 3 and the three tasks made', async () => {
	const items = ITEMS.map((item, i) => (i === 1 || i === 3 ? { ...item, hook: 'http://127.0.0.1:9/hook' } : item));
	const result = await generate(items);
	expect(result.status).toBe('error');
	const refused = s.creates().filter((c) => c.status === 400);
	expect(refused.map(itemOf).sort()).toEqual([1, 3]);
	const message = `EvoLink: ${(refused[0].response as { error: { message: string } }).error.message} (HTTP 400)`;
	expect(result.error).toMatchObject({ itemIndex: 1, message, httpCode: '400' });
	const description = String(result.error?.description);
	expect(description).toContain('EvoLink rejected the parameter "callback_url".');
	expect(description).toContain(`Tasks in this run (they keep running at EvoLink; resume with Get Task): ${createdTasks().join('; ')}.`);
	expect(description).toContain(`Other items that failed: item 3: ${message}.`);
	expect(createdTasks()).toHaveLength(3);
	expect(s.sim.tasks()).toHaveLength(3);
});

test('two items whose creates keep getting 500s: both named, each as "may exist", with every task made', async () => {
	// The first three creates go through; every later request (the other two items' first
	// tries and all their retries) gets a 500.
	s.sim.inject({ match: 'POST /v1/videos/generations', status: 500, skip: 3, times: -1 });
	const result = await generate(ITEMS);
	expect(result.status).toBe('error');
	const failed = [...new Set(s.creates().filter((c) => c.status === 500).map(itemOf))].sort();
	expect(failed).toHaveLength(2);
	// Each failed item was tried 3 times, with its one key.
	for (const i of failed) {
		const tries = s.creates().filter((c) => itemOf(c) === i);
		expect(tries.map((c) => c.status)).toEqual([500, 500, 500]);
		expect(new Set(tries.map((c) => c.idempotencyKey)).size).toBe(1);
	}
	const [first, second] = failed;
	expect(result.error).toMatchObject({ itemIndex: first, message: 'EvoLink: Internal server error (HTTP 500)', httpCode: '500' });
	const description = String(result.error?.description);
	expect(description).toMatch(/^EvoLink may have created \(and charged\) this task anyway: /);
	expect(description).toContain(`Tasks in this run (they keep running at EvoLink; resume with Get Task): ${createdTasks().join('; ')}.`);
	expect(description).toContain(
		`Other items that failed: item ${second}: EvoLink: Internal server error (HTTP 500) (the task may exist and be charged).`,
	);
	expect(createdTasks()).toHaveLength(3);
});
