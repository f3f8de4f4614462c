// Shapes of EvoLink API responses, as documented (shared/evolink-api.md).
// Unknown extra fields are tolerated everywhere: never reject a response for them.

export type TaskStatus = 'pending' | 'processing' | 'completed' | 'failed';

export interface ApiTaskError {
	code?: string | number;
	message?: string;
	type?: string;
}

export interface ApiTask {
	id: string;
	status: TaskStatus | string;
	progress?: number;
	model?: string;
	object?: string;
	created?: number;
	type?: string;
	task_info?: { can_cancel?: boolean; estimated_time?: number; video_duration?: number; [k: string]: unknown };
	usage?: { billing_rule?: string; credits_reserved?: number; user_group?: string; [k: string]: unknown };
	results?: string[];
	error?: ApiTaskError;
	[k: string]: unknown;
}

export interface ApiErrorBody {
	error?: {
		code?: string | number;
		message?: string;
		type?: string;
		param?: string;
		fallback_suggestion?: string;
	};
}

/** EvoLink task ids: `task-unified-<created>-<random>`. */
export const TASK_ID_PATTERN = /^task-unified-[A-Za-z0-9_-]{1,200}$/;

export const TERMINAL_STATUSES: readonly string[] = ['completed', 'failed'];

/** Accept a task-like response: anything with a string id and status. */
export function isTask(value: unknown): value is ApiTask {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as ApiTask).id === 'string' &&
		typeof (value as ApiTask).status === 'string'
	);
}
