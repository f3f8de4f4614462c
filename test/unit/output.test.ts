/** normalizeTask on the task shapes of the docs (create response, GET /v1/tasks/{id}). */
import { normalizeTask } from '../../nodes/EvoLink/output/normalize';
import { isTask } from '../../nodes/EvoLink/transport/types';
import type { ApiTask } from '../../nodes/EvoLink/transport/types';

const CREATED = 1757169743;
const CREATED_ISO = new Date(CREATED * 1000).toISOString();

const pending: ApiTask = {
	created: CREATED,
	id: 'task-unified-1757169743-7cvnl5zw',
	model: 'kling-v3-text-to-video',
	object: 'video.generation.task',
	progress: 0,
	status: 'pending',
	task_info: { can_cancel: true, estimated_time: 300, video_duration: 5 },
	type: 'video',
	usage: { billing_rule: 'per_second', credits_reserved: 270000, user_group: 'default' },
};

describe('normalizeTask', () => {
	it('pending (the create response)', () => {
		expect(normalizeTask(pending)).toEqual({
			id: 'task-unified-1757169743-7cvnl5zw',
			status: 'pending',
			progress: 0,
			model: 'kling-v3-text-to-video',
			estimatedTime: 300,
			creditsReserved: 270000,
			usage: { billing_rule: 'per_second', credits_reserved: 270000, user_group: 'default' },
			created: CREATED_ISO,
		});
	});

	it('processing with progress', () => {
		const out = normalizeTask({ ...pending, status: 'processing', progress: 42 });
		expect(out).toMatchObject({ status: 'processing', progress: 42 });
		expect(out).not.toHaveProperty('videoUrl');
		expect(out).not.toHaveProperty('error');
	});

	it('completed: videoUrl is the first result, all results kept', () => {
		const out = normalizeTask({
			...pending,
			status: 'completed',
			progress: 100,
			task_info: { can_cancel: false, estimated_time: 300, video_duration: 5 },
			results: ['https://cdn.evolink.ai/v/1.mp4', 'https://cdn.evolink.ai/v/2.mp4'],
		});
		expect(out).toEqual({
			id: 'task-unified-1757169743-7cvnl5zw',
			status: 'completed',
			progress: 100,
			model: 'kling-v3-text-to-video',
			videoUrl: 'https://cdn.evolink.ai/v/1.mp4',
			results: ['https://cdn.evolink.ai/v/1.mp4', 'https://cdn.evolink.ai/v/2.mp4'],
			estimatedTime: 300,
			creditsReserved: 270000,
			usage: { billing_rule: 'per_second', credits_reserved: 270000, user_group: 'default' },
			created: CREATED_ISO,
		});
	});

	it('completed without progress → 100', () => {
		expect(normalizeTask({ id: 'task-unified-1', status: 'completed', results: ['https://x/v.mp4'] })).toMatchObject({
			progress: 100,
			videoUrl: 'https://x/v.mp4',
		});
	});

	it('failed: the error code and message', () => {
		const out = normalizeTask({
			...pending,
			status: 'failed',
			progress: 0,
			error: { code: 'content_policy_violation', message: 'The prompt was refused', type: 'task_error' },
		});
		expect(out.error).toEqual({ code: 'content_policy_violation', message: 'The prompt was refused' });
		expect(out.status).toBe('failed');
		expect(out).not.toHaveProperty('videoUrl');
	});

	it('failed with a numeric code', () => {
		expect(normalizeTask({ id: 'task-unified-1', status: 'failed', error: { code: 500, message: 'boom' } }).error).toEqual({
			code: 500,
			message: 'boom',
		});
	});

	it('failed without an error object → unknown_error', () => {
		expect(normalizeTask({ id: 'task-unified-1', status: 'failed' }).error).toEqual({
			code: 'unknown_error',
			message: 'The task failed',
		});
	});

	it('tolerates unknown extra fields (and does not copy them)', () => {
		const out = normalizeTask({
			...pending,
			status: 'processing',
			progress: 10,
			queue_position: 3,
			task_info: { ...pending.task_info, region: 'sg', nested: { a: 1 } },
			usage: { ...pending.usage, discount: 0.1 },
		} as ApiTask);
		expect(out).toMatchObject({ id: pending.id, status: 'processing', progress: 10, estimatedTime: 300 });
		expect(out).not.toHaveProperty('queue_position');
	});

	it('tolerates an unknown status', () => {
		expect(normalizeTask({ id: 'task-unified-1', status: 'queued' })).toMatchObject({ status: 'queued', progress: 0 });
	});

	it('missing optional fields: only id, status and progress', () => {
		const out = normalizeTask({ id: 'task-unified-1', status: 'pending' });
		expect(out).toEqual({ id: 'task-unified-1', status: 'pending', progress: 0 });
		expect(out).not.toHaveProperty('estimatedTime');
		expect(out).not.toHaveProperty('usage');
		expect(out).not.toHaveProperty('created');
		expect(out).not.toHaveProperty('results');
		expect(out).not.toHaveProperty('error');
		// JSON round trip: what n8n stores
		expect(JSON.parse(JSON.stringify(out))).toEqual({ id: 'task-unified-1', status: 'pending', progress: 0 });
	});

	it('completed with an empty results list', () => {
		const out = normalizeTask({ id: 'task-unified-1', status: 'completed', results: [] });
		expect(out.results).toEqual([]);
		expect(out.videoUrl).toBeUndefined();
	});
});

describe('isTask', () => {
	it.each([
		[pending, true],
		[{ id: 'task-unified-1', status: 'completed', extra: true }, true],
		[{ id: 'task-unified-1' }, false],
		[{ status: 'pending' }, false],
		[{ id: 1, status: 'pending' }, false],
		[null, false],
		['task-unified-1', false],
	])('%j → %s', (value, expected) => {
		expect(isTask(value)).toBe(expected);
	});
});

describe('normalizeTask: cost, cancelled, result_data (platform facts)', () => {
	it('a completed task carries its final charge next to the reserved credits', () => {
		const out = normalizeTask({
			...pending,
			status: 'completed',
			progress: 100,
			results: ['https://cdn.evolink.ai/v/1.mp4'],
			usage: { billing_rule: 'per_second', credits_reserved: 27, credits_used: 25.5, cost: { credits: 25.5, usd: 0.375, cny: 2.55 } },
			duration: 41,
		});
		expect(out).toMatchObject({ creditsReserved: 27, creditsUsed: 25.5, costUsd: 0.375, durationSeconds: 41 });
	});

	it('falls back to usage.cost.credits when credits_used is missing', () => {
		expect(normalizeTask({ ...pending, status: 'completed', usage: { credits_reserved: 5, cost: { credits: 4 } } })).toMatchObject({ creditsUsed: 4 });
	});

	it('a cancelled task without an error code reads as request_cancelled', () => {
		expect(normalizeTask({ ...pending, status: 'cancelled' })).toMatchObject({
			status: 'cancelled',
			error: { code: 'request_cancelled', message: 'The task was cancelled' },
		});
	});

	it('links from result_data (video_url) count as results; videoUrl is the first video', () => {
		const out = normalizeTask({
			...pending,
			status: 'completed',
			result_data: [{ image_url: 'https://cdn.evolink.ai/p/cover.png', video_url: 'https://cdn.evolink.ai/v/clip.mp4' }],
		});
		expect(out.videoUrl).toBe('https://cdn.evolink.ai/v/clip.mp4');
		expect(out.results).toEqual(['https://cdn.evolink.ai/v/clip.mp4', 'https://cdn.evolink.ai/p/cover.png']);
	});
});
