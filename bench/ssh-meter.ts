/**
 * A TCP relay in front of the test sshd that counts the bytes each way: every SSH connection of a
 * deploy (ssh2 session, ControlMaster, plain ssh/rsync) goes through it, so `sent` is what the
 * runner pushed over SSH, protocol overhead included. Both of its sockets have Nagle's algorithm
 * off: a relay that held back small packets would add a delayed ACK (about 40 ms) to every remote
 * command whose client sends without delay, and so time itself instead of the deploy.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface SshMeter {
  port: number;
  /** bytes client → sshd since the last reset */
  sent(): number;
  reset(): void;
  /** known_hosts text for the relay's port (same host key) */
  knownHosts(original: string, sshdPort: number): string;
  close(): Promise<void>;
}

export async function startSshMeter(sshdPort: number): Promise<SshMeter> {
  let sent = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer({ noDelay: true }, (client) => {
    const upstream = connect({ port: sshdPort, host: '127.0.0.1', noDelay: true });
    for (const sock of [client, upstream]) {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.on('error', () => (client.destroy(), upstream.destroy()));
    }
    client.on('data', (chunk: Buffer) => (sent += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    sent: () => sent,
    reset: () => void (sent = 0),
    knownHosts: (original, from) => original.split(`[127.0.0.1]:${from}`).join(`[127.0.0.1]:${port}`),
    close: () => {
      for (const sock of sockets) sock.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
