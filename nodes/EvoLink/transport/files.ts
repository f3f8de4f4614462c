// EvoLink's Files API (platform §9): n8n binary data becomes a URL a model can read.
import { EvoLinkRequestError } from './errors';
import type { EvoLinkContext } from './request';
import { evoLinkRequest } from './request';
import type { ApiFile } from './types';

/** Uploads may be large: the vendor's client waits 120 s. */
export const UPLOAD_TIMEOUT_MS = 120_000;

interface FilesEnvelope {
	success?: boolean;
	code?: number;
	msg?: string;
	data?: ApiFile;
}

/**
 * `POST /api/v1/files/upload/stream` (multipart, part `file`) on the Files API host. The
 * key goes only to that host, which the credential names (EvoLink's files-api by default).
 */
export async function uploadFile(
	ctx: EvoLinkContext,
	filesUrl: string,
	file: { data: Buffer; fileName: string; mimeType: string },
): Promise<ApiFile> {
	const form = new FormData();
	form.append('file', new Blob([file.data], { type: file.mimeType }), file.fileName);
	form.append('fileName', file.fileName);
	const { body } = await evoLinkRequest<FilesEnvelope>(ctx, 'POST', '/api/v1/files/upload/stream', {
		baseUrl: filesUrl,
		body: form,
		timeoutMs: UPLOAD_TIMEOUT_MS,
	});
	if (!body?.success || !body.data?.file_url) {
		const status = typeof body?.code === 'number' && body.code >= 400 && body.code < 600 ? body.code : 400;
		throw new EvoLinkRequestError(body?.msg || 'the Files API did not return a file URL', status);
	}
	return body.data;
}
