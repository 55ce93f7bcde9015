import { stopSynthesisServer } from './synthesis-server-process';
import { removeTempRoot } from './temp-root';

export default async function globalTeardown(): Promise<void> {
  await stopSynthesisServer();
  removeTempRoot();
}
