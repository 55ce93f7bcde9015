import { startSynthesisServer } from './synthesis-server-process';
import { createTempRoot } from './temp-root';

export default async function globalSetup(): Promise<void> {
  createTempRoot();
  await startSynthesisServer();
}
