import { stopSynthesisServer } from './synthesis-server-process';
import { removeTempRoot } from './temp-root';

export default function globalTeardown(): void {
  stopSynthesisServer();
  removeTempRoot();
}
