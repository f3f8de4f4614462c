/**
 * Each item's own Timeout (an expression), and the error items of Continue On Fail, through
 * n8n's engine: every error item carries the message (`error`), the advice (`description`)
 * and the task `id` where there is one.
 */
import type { IDataObject } from 'n8n-workflow';

import type { TaskView } from '../support/simulator';
import { runWorkflow } from './runWorkflow';
import { useSimulator } from './setup';

jest.setTimeout(30_000);

const s = useSimulator({ taskSeconds: 1.5, estimatedSeconds: 2 });

const FOREVER = 'forever [sim:never]';

async function generate(items: IDataObject[], continueOnFail: boolean, extra: IDataObject = {}) {
	return await runWorkflow({
		parameters: {
			operation: 'generate',
			prompt: '={{ $json.p }}',
			waitForCompletion: true,
			waitOptions: { timeoutMinutes: '={{ $json.minutes ?? 5 }}' },
			...extra,
		},
		items,
		continueOnFail,
		credentials: s.credentials,
	});
}

function idOf(prompt: string): string {
	const create = s.creates().find((c) => (c.body as { prompt: string }).prompt === prompt);
	if (!create) throw new Error(`no create for ${prompt}`);
	return (create.response as TaskView).id;
}

const timedOut = (id: string) => new RegExp(`^Timed out after 6 s waiting for EvoLink task ${id} \\(processing, \\d+%\\)$`);
const resume = (id: string) =>
	`The task keeps running at EvoLink. Resume it with the Get Task operation and task ID ${id}, or raise Wait Options → Timeout.`;

describe('each item its own Timeout (Wait Options → Timeout from an expression)', () => {
	test('0.1 minutes for one item, 5 for the other: that one times out, the other completes', async () => {
		const result = await generate([{ p: FOREVER, minutes: 0.1 }, { p: 'quick', minutes: 5 }], true);
		expect(result.status).toBe('success');
		const id = idOf(FOREVER);
		const [late, quick] = result.items;
		expect(late.pairedItem).toEqual({ item: 0 });
		expect(late.json).toMatchObject({ id, status: 'processing', timedOut: true, description: resume(id) });
		expect(String(late.json.error)).toMatch(timedOut(id));
		expect(quick.json).toMatchObject({ id: idOf('quick'), status: 'completed' });
		expect(Number(quick.json.waitedSeconds)).toBeLessThan(5);
		// About the short timeout, not the long one.
		expect(result.durationMs).toBeGreaterThanOrEqual(6000);
		expect(result.durationMs).toBeLessThan(12_000);
		// The task still runs at EvoLink: it was not given up on there.
		expect(s.sim.task(id)?.status).toBe('processing');
	});

	test('without Continue On Fail: the run fails with that timeout, naming the other (completed) task too', async () => {
		const result = await generate([{ p: FOREVER, minutes: 0.1 }, { p: 'quick' }], false);
		const id = idOf(FOREVER);
		const other = idOf('quick');
		expect(result.status).toBe('error');
		expect(result.error?.itemIndex).toBe(0);
		expect(result.error?.message).toMatch(timedOut(id));
		expect(result.error?.description).toContain(resume(id));
		expect(result.error?.description).toContain(`item 1: ${other} (completed 100%)`);
	});
});

describe('Continue On Fail: error items carry error, description and the task id', () => {
	test('a create that keeps failing with 500: after its retries, "may have created (and charged)", no id', async () => {
		s.sim.inject({ match: 'POST /v1/videos/generations', status: 500, times: -1 });
		const result = await generate([{ p: 'unlucky' }], true, { waitForCompletion: false });
		expect(result.status).toBe('success');
		const creates = s.creates();
		expect(creates).toHaveLength(3);
		const key = String(creates[0].idempotencyKey);
		expect(result.items).toEqual([
			{
				json: {
					error: 'EvoLink: Internal server error (HTTP 500)',
					description: `EvoLink may have created (and charged) this task anyway: the create (Idempotency-Key ${key}) reached EvoLink but no answer confirmed it. Look for it with Get Many Tasks before running it again. EvoLink had a server problem (retry after 30 seconds). Retry in a little while.`,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('one run with a timed-out task, a refused setting and a failed task, next to one that completes', async () => {
		const failing = 'refused [sim:fail=content_policy_violation]';
		const result = await generate(
			[{ p: FOREVER, minutes: 0.1 }, { p: 'bad duration', duration: 7 }, { p: failing }, { p: 'fine' }],
			true,
			{ duration: '={{ $json.duration ?? "" }}' },
		);
		expect(result.status).toBe('success');
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		const [late, invalid, failed, fine] = result.items.map((i) => i.json);

		const lateId = idOf(FOREVER);
		expect(late).toMatchObject({ id: lateId, timedOut: true, description: resume(lateId) });
		expect(String(late.error)).toMatch(timedOut(lateId));

		// Refused before anything was sent: no task, no id.
		expect(invalid).toEqual({
			error: 'Duration (Seconds) 7 is not allowed; use 5 or 10',
			description: 'Wan 2.5 Text to Video: Duration (Seconds) 7 is not allowed; use 5 or 10. Nothing was sent to EvoLink.',
		});
		expect(s.creates().map((c) => (c.body as { prompt: string }).prompt)).not.toContain('bad duration');

		const failedId = idOf(failing);
		expect(failed).toMatchObject({
			id: failedId,
			status: 'failed',
			taskError: { code: 'content_policy_violation' },
			error: `EvoLink task ${failedId} failed: The request was rejected by the content safety policy (content_policy_violation)`,
			description: 'EvoLink refused the prompt or media under its content policy. Rephrase it and try again. Failed tasks are not charged.',
		});
		expect(fine).toMatchObject({ id: idOf('fine'), status: 'completed' });
		expect(fine).not.toHaveProperty('error');
	});
});
