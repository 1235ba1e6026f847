using System.Collections.Concurrent;

namespace SegmentFunctions.Storage.Embedded;

/// <summary>
/// A mutual-exclusion lock shared by threads (a semaphore) and processes (an exclusively opened lock file, which .NET
/// backs with flock on Unix and share modes on Windows). Lock files are never deleted, so two processes cannot end up
/// holding locks on two different files of the same name.
/// </summary>
internal sealed class FolderLock(string lockDirectory)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _local = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var semaphore = _local.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(lockDirectory);
            var path = Path.Combine(lockDirectory, name + ".lock");
            while (true)
            {
                try
                {
                    var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return new Held(file, semaphore);
                }
                catch (IOException)
                {
                    await Task.Delay(Random.Shared.Next(1, 10), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            semaphore.Release();
            throw;
        }
    }

    private sealed class Held(FileStream file, SemaphoreSlim semaphore) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await file.DisposeAsync().ConfigureAwait(false);
            semaphore.Release();
        }
    }
}
