import type { IBinaryData, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

/**
 * Streams a result video into n8n's binary store: memory does not grow with the file.
 * Result URLs are signed public links on another host, so no credential is sent.
 */
export async function downloadVideo(ctx: IExecuteFunctions | IWebhookFunctions, url: string, taskId: string): Promise<IBinaryData> {
	const stream = (await ctx.helpers.httpRequest({ method: 'GET', url, encoding: 'stream', timeout: 10 * 60_000 })) as Parameters<
		IExecuteFunctions['helpers']['prepareBinaryData']
	>[0];
	return await ctx.helpers.prepareBinaryData(stream, `${taskId}.mp4`, 'video/mp4');
}
