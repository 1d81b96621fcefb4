import { Agent, createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The bench's load balancer: each request goes to the next gateway in turn, so one payer's steps land on
 * different instances. A gateway that refuses the connection (dead) is skipped and the request tried on the
 * next one, as a balancer's health check would, and so is a GET whose gateway died under it; a POST whose
 * gateway dies after receiving it answers 502, as a real balancer does, because it may have been acted on.
 */
export async function startRoundRobinProxy(upstreams: readonly string[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const targets = upstreams.map((url) => new URL(url));
  let next = 0;
  let badGateway = 0;

  const forward = (incoming: IncomingMessage, body: Buffer, tries: number): Promise<IncomingMessage> => {
    const target = targets[next++ % targets.length] as URL;
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: incoming.headers.host ?? target.host },
        },
        resolve,
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        // Refused: nothing reached that gateway, so any other may take the request. A GET may be sent again
        // whatever happened to it (it changes nothing); a POST that may have arrived may not.
        const again = error.code === 'ECONNREFUSED' || incoming.method === 'GET';
        if (again && tries > 1) resolve(forward(incoming, body, tries - 1));
        else reject(error);
      });
      outgoing.end(body);
    });
  };

  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      forward(incoming, Buffer.concat(chunks), targets.length).then(
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
        () => {
          badGateway++;
          response.writeHead(502, { 'content-type': 'text/plain' });
          response.end('bad gateway');
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    badGateway: () => badGateway,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
