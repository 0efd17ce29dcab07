// Boots the fuzz CLI worker under Node worker_threads (registers tsx's loader first).
import { register } from 'tsx/esm/api';

register();
await import('./cli-worker.ts');
