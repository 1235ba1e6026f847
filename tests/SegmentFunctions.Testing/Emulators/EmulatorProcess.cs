using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SegmentFunctions.Testing.Emulators;

/// <summary>
/// One emulator: a Node process started from infra/emulators, with its output kept for error messages. It is killed
/// with its process tree on dispose, and exits by itself when the test host dies (see exit-with-parent.js).
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private EmulatorProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public string RecentOutput => string.Join('\n', _output);

    public static EmulatorProcess Start(string name, string script, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = EmulatorPackages.Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--require");
        start.ArgumentList.Add(Path.Combine(EmulatorPackages.Directory, "exit-with-parent.js"));
        start.ArgumentList.Add(Path.Combine(EmulatorPackages.Directory, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var emulator = new EmulatorProcess(name, process);
        process.OutputDataReceived += (_, e) => emulator.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name}; Node.js 20+ must be on PATH.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return emulator;
    }

    /// <summary>Waits until every port accepts TCP connections.</summary>
    public async Task WaitUntilListeningAsync(IEnumerable<int> ports, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var port in ports)
        {
            while (!await AcceptsAsync(port, cancellationToken))
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:\n{RecentOutput}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{Name} did not listen on port {port} within {timeout}:\n{RecentOutput}");
                }

                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>A free loopback port, chosen by the OS; it stays free for the emulator in all but the rarest races.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }
}
