using System.Collections.Concurrent;
using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Storage.Tests.Queues;

/// <summary>The behaviour every <see cref="IWorkQueueFactory"/> queue must have, run against each implementation.</summary>
public abstract class WorkQueueContract
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

    protected abstract IWorkQueueFactory Queues { get; }

    private IWorkQueue NewQueue() => Queues.Get("q" + Guid.NewGuid().ToString("N")[..20]);

    [Fact]
    public async Task An_empty_queue_receives_nothing()
    {
        Assert.Null(await NewQueue().ReceiveAsync(Long, CancellationToken.None));
    }

    [Fact]
    public async Task A_received_message_is_invisible_until_its_timeout_and_then_comes_back_counted()
    {
        var queue = NewQueue();
        await queue.EnqueueAsync("{\"run\":\"r-1\"}", CancellationToken.None);

        var first = await queue.ReceiveAsync(Short, CancellationToken.None);
        var whileInvisible = await queue.ReceiveAsync(Short, CancellationToken.None);
        await Task.Delay(Short + TimeSpan.FromMilliseconds(700));
        var again = await queue.ReceiveAsync(Long, CancellationToken.None);

        Assert.Equal("{\"run\":\"r-1\"}", first!.Body);
        Assert.Equal(1, first.DequeueCount);
        Assert.Null(whileInvisible);
        Assert.Equal(first.Id, again!.Id);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task A_deleted_message_does_not_come_back()
    {
        var queue = NewQueue();
        await queue.EnqueueAsync("done soon", CancellationToken.None);

        var message = await queue.ReceiveAsync(Short, CancellationToken.None);
        await queue.DeleteAsync(message!, CancellationToken.None);
        await Task.Delay(Short + TimeSpan.FromMilliseconds(700));

        Assert.Null(await queue.ReceiveAsync(Long, CancellationToken.None));
    }

    [Fact]
    public async Task Deleting_with_a_stale_pop_receipt_leaves_the_message_to_its_new_receiver()
    {
        var queue = NewQueue();
        await queue.EnqueueAsync("contended", CancellationToken.None);
        var stale = await queue.ReceiveAsync(Short, CancellationToken.None);
        await Task.Delay(Short + TimeSpan.FromMilliseconds(700));
        var current = await queue.ReceiveAsync(Short, CancellationToken.None);

        await queue.DeleteAsync(stale!, CancellationToken.None);
        await Task.Delay(Short + TimeSpan.FromMilliseconds(700));

        var back = await queue.ReceiveAsync(Long, CancellationToken.None);
        Assert.Equal(current!.Id, back!.Id);
        Assert.Equal(3, back.DequeueCount);
    }

    [Fact]
    public async Task Concurrent_receivers_each_get_different_messages()
    {
        var queue = NewQueue();
        var bodies = Enumerable.Range(0, 20).Select(i => $"m{i}").ToList();
        foreach (var body in bodies)
        {
            await queue.EnqueueAsync(body, CancellationToken.None);
        }

        var received = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await queue.ReceiveAsync(Long, CancellationToken.None) is { } message)
            {
                received.Add(message.Body);
            }
        })));

        Assert.Equal(bodies.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Queues_of_different_names_are_separate()
    {
        var a = NewQueue();
        var b = NewQueue();
        await a.EnqueueAsync("for a", CancellationToken.None);

        Assert.Null(await b.ReceiveAsync(Long, CancellationToken.None));
        Assert.Equal("for a", (await a.ReceiveAsync(Long, CancellationToken.None))!.Body);
    }

    [Fact]
    public void Invalid_queue_names_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Queues.Get("Retrain_Runs"));
    }
}
