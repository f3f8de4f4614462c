// The EvoLink endpoints this package calls, each returning checked, typed answers.
import type { IDataObject } from 'n8n-workflow';

import { EvoLinkRequestError } from './errors';
import type { EvoLinkContext } from './request';
import { evoLinkRequest } from './request';
import type { ApiCredits, ApiTask, ApiTaskList } from './types';
import { isTask } from './types';

export const MAX_BATCH_IDS = 50;
/** Paid submits: the vendor's client waits 30 s (platform §7); a retry with the same key is safe. */
export const CREATE_TIMEOUT_MS = 30_000;
/** Reads: the vendor's client waits 15 s. */
export const READ_TIMEOUT_MS = 15_000;

export interface CreatedTask {
	task: ApiTask;
	/** EvoLink returned the task an earlier request with the same Idempotency-Key created (no new charge). */
	replayed: boolean;
}

/** `POST /v1/videos/generations` with an Idempotency-Key (sent as X-Evo-Run-Id too, as the vendor's client does). */
export async function createVideoTask(ctx: EvoLinkContext, body: IDataObject, idempotencyKey: string): Promise<CreatedTask> {
	const { body: task, headers } = await evoLinkRequest<unknown>(ctx, 'POST', '/v1/videos/generations', {
		body,
		headers: { 'Idempotency-Key': idempotencyKey, 'X-Evo-Run-Id': idempotencyKey },
		timeoutMs: CREATE_TIMEOUT_MS,
	});
	const replayed = String(headers['idempotency-replayed'] ?? '').toLowerCase() === 'true';
	if (isTask(task)) return { task, replayed };
	// Paid for already: keep any id rather than lose it.
	const id = (task as { id?: unknown } | null)?.id;
	if (typeof id === 'string') return { task: { ...(task as object), id, status: 'pending' }, replayed };
	throw new EvoLinkRequestError('answered without a task id', 200);
}

/** `GET /v1/tasks/{id}`, checked to be a task. */
export async function getTask(ctx: EvoLinkContext, id: string, timeoutMs = READ_TIMEOUT_MS): Promise<ApiTask> {
	const { body } = await evoLinkRequest<unknown>(ctx, 'GET', `/v1/tasks/${encodeURIComponent(id)}`, { timeoutMs });
	if (!isTask(body)) throw new EvoLinkRequestError('answered without a task', 200);
	return body;
}

/** `POST /v1/tasks/batch` for at most 50 ids: unknown ids are simply absent from the answer. */
export async function getTaskBatch(ctx: EvoLinkContext, ids: string[], timeoutMs = READ_TIMEOUT_MS): Promise<ApiTask[]> {
	if (ids.length > MAX_BATCH_IDS) throw new RangeError(`at most ${MAX_BATCH_IDS} ids per batch`);
	const { body } = await evoLinkRequest<{ data?: unknown }>(ctx, 'POST', '/v1/tasks/batch', { body: { task_ids: ids }, timeoutMs });
	const data = (body as { data?: unknown } | null)?.data;
	if (!Array.isArray(data)) throw new EvoLinkRequestError('answered the batch read without a task list', 200);
	return data.filter(isTask);
}

export interface ListFilters {
	status?: string;
	type?: string;
	model?: string;
	page?: number;
	pageSize?: number;
}

/** `GET /v1/tasks`: the account's recent tasks, newest first, without result links. */
export async function listTasks(ctx: EvoLinkContext, filters: ListFilters): Promise<ApiTaskList> {
	const qs: IDataObject = {};
	if (filters.status) qs.status = filters.status;
	if (filters.type) qs.type = filters.type;
	if (filters.model) qs.model = filters.model;
	if (filters.page) qs.page = filters.page;
	if (filters.pageSize) qs.page_size = filters.pageSize;
	const { body } = await evoLinkRequest<ApiTaskList>(ctx, 'GET', '/v1/tasks', { qs, timeoutMs: READ_TIMEOUT_MS });
	if (!body || !Array.isArray(body.data)) throw new EvoLinkRequestError('answered the task list without a list', 200);
	return { ...body, data: body.data.filter((t) => typeof t?.id === 'string' && typeof t?.status === 'string') };
}

/** `GET /v1/credits`: the account and key balances. */
export async function getCredits(ctx: EvoLinkContext): Promise<ApiCredits> {
	const { body } = await evoLinkRequest<ApiCredits>(ctx, 'GET', '/v1/credits', { timeoutMs: READ_TIMEOUT_MS });
	// The vendor's client treats a reply without success or without both blocks as an error.
	if (!body || body.success === false || !body.data?.user || !body.data?.token)
		throw new EvoLinkRequestError(body?.message || 'answered the balance query without a balance', 200);
	return body;
}
