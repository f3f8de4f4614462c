// Shapes of EvoLink API responses, as documented (evolink-api.md, evolink-platform.md).
// Unknown extra fields are tolerated everywhere: never reject a response for them.

export type TaskStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled';

export interface ApiTaskError {
	code?: string | number;
	message?: string;
	type?: string;
	suggestion?: string;
}

export interface ApiUsage {
	billing_rule?: string;
	credits_reserved?: number;
	/** Final charge of an ended task (platform §4). */
	credits_used?: number;
	cost?: { credits?: number; usd?: number; cny?: number };
	user_group?: string;
	[k: string]: unknown;
}

export interface ApiTask {
	id: string;
	status: TaskStatus | string;
	progress?: number;
	model?: string;
	object?: string;
	created?: number;
	type?: string;
	/** Seconds the task took, once it ended. */
	duration?: number;
	task_info?: { can_cancel?: boolean; estimated_time?: number; video_duration?: number; [k: string]: unknown };
	usage?: ApiUsage;
	results?: string[];
	result_data?: unknown;
	error?: ApiTaskError;
	[k: string]: unknown;
}

/** One entry of GET /v1/tasks: no result links. */
export interface ApiTaskListItem {
	id: string;
	model?: string;
	type?: string;
	status: string;
	progress?: number;
	created_at?: number;
	duration?: number;
	has_results?: boolean;
	result_count?: number;
	has_error?: boolean;
	credits_used?: number;
	[k: string]: unknown;
}

export interface ApiTaskList {
	data: ApiTaskListItem[];
	total?: number;
	page?: number;
	page_size?: number;
}

export interface ApiCredits {
	success?: boolean;
	message?: string;
	data?: {
		user?: { remaining_credits?: number; used_credits?: number };
		token?: { remaining_credits?: number; used_credits?: number; unlimited_credits?: boolean };
	};
}

export interface ApiFile {
	file_id: string;
	file_name?: string;
	original_name?: string;
	file_size?: number;
	mime_type?: string;
	upload_path?: string;
	file_url: string;
	download_url?: string;
	upload_time?: string;
	expires_at?: string;
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

/** A task in one of these never changes again. */
export const TERMINAL_STATUSES: readonly string[] = ['completed', 'failed', 'cancelled'];

export const isTerminal = (task: { status?: string } | undefined): boolean =>
	!!task && TERMINAL_STATUSES.includes(String(task.status));

/** Accept a task-like response: anything with a string id and status. */
export function isTask(value: unknown): value is ApiTask {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as ApiTask).id === 'string' &&
		typeof (value as ApiTask).status === 'string'
	);
}
