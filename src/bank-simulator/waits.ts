import type { FastifyReply } from 'fastify';

/**
 * Waits that end early when the caller hangs up or the simulator closes, so injected latency and hangs
 * never keep `app.close()` waiting and never run after nobody listens.
 */
export class Waits {
  readonly #open = new Set<() => void>();

  /** Resolves after `ms`, or as soon as the client disconnects or `releaseAll()` is called. */
  wait(ms: number, reply: FastifyReply): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        reply.raw.off('close', done);
        this.#open.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      reply.raw.once('close', done);
      this.#open.add(done);
    });
  }

  releaseAll(): void {
    for (const done of [...this.#open]) done();
  }
}
