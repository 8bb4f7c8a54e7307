/** Network helpers shared by the client and replay-fault tests. */
import { createServer } from 'node:net';

/** A loopback port nothing listens on: bind an ephemeral port, then close it. */
export async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
