namespace SegmentFunctions.Application.Ports;

/// <summary>Named work queues (e.g. "retrain-runs"); a queue is created on first use.</summary>
public interface IWorkQueueFactory
{
    /// <param name="queueName">3-63 lowercase letters, digits and single hyphens (Azure Queue Storage naming).</param>
    IWorkQueue Get(string queueName);
}
