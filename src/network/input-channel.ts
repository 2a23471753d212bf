/** The receiving end of one channel of an input gate: one producer subtask on one edge. */
import type { TaskLocation } from '../protocol/deployment.js';

export class InputChannel {
  /** Its end of partition has arrived: anything after it is bad input. */
  endReceived = false;
  /** Its end of partition has been taken from the gate: the channel is closed. */
  ended = false;
  /** Records handed to the task so far. */
  recordsConsumed = 0;
  /** Probe events checked so far (`taskmanager.network.probe-interval`). */
  probesVerified = 0;

  constructor(
    /** Edge key (`sourceNodeId-targetNodeId`). */
    readonly edge: string,
    readonly producerIndex: number,
    /** Where the producer runs. */
    readonly producer: TaskLocation,
    /** Grants the producer one more batch on this channel, through the channel's path. */
    private readonly grant: () => void,
  ) {}

  /** The task processed a batch of this channel: the producer may send one more. */
  returnCredit(): void {
    this.grant();
  }
}
