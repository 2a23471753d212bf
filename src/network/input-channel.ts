/** The receiving end of one channel of an input gate: one producer subtask on one edge. */
import type { TaskLocation } from '../protocol/deployment.js';

/**
 * How a channel's buffers travel: within one worker thread (objects handed over), between the
 * worker threads of one TaskManager (a MessagePort), or through the TaskManager main threads and TCP.
 */
export type ChannelPath = 'local' | 'thread' | 'remote';

export class InputChannel {
  /** Its end of partition has arrived: anything after it is bad input. */
  endReceived = false;
  /** Its end of partition has been taken from the gate: the channel is closed. */
  ended = false;
  /** Records handed to the task so far. */
  recordsConsumed = 0;
  /** Probe events checked so far (`taskmanager.network.probe-interval`). */
  probesVerified = 0;
  /**
   * It delivered the barrier of the checkpoint being aligned: its later buffers wait in the gate,
   * unprocessed and holding their credit, until the gate unblocks it.
   */
  blocked = false;

  constructor(
    /** Edge key (`sourceNodeId-targetNodeId`). */
    readonly edge: string,
    readonly producerIndex: number,
    /** Where the producer runs. */
    readonly producer: TaskLocation,
    readonly path: ChannelPath,
    /** Grants the producer one more batch on this channel, through the channel's path. */
    private readonly grant: () => void,
  ) {}

  /** The task processed a batch of this channel: the producer may send one more. */
  returnCredit(): void {
    this.grant();
  }
}
