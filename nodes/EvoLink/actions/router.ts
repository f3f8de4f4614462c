import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as video from './video';

/** Operations take all items at once: tasks are submitted and waited on together. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	switch (operation) {
		case 'generate':
			return [await video.generate.execute.call(this)];
		case 'getTask':
			return [await video.getTask.execute.call(this)];
		default:
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
}
