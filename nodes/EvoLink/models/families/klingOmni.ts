// Kling O1 and O3 (Omni): kling-o1-*, kling-o3-*.
import type { ModelDefinition } from '../define';

export const klingOmni: ModelDefinition[] = [];
