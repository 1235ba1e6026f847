using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>Orchestrators and activities by name, with the typed glue that turns their JSON into calls.</summary>
public sealed class OrchestrationRegistry
{
    private readonly Dictionary<string, OrchestratorRegistration> _orchestrators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActivityRegistration> _activities = new(StringComparer.Ordinal);

    public OrchestrationSerializer Serializer { get; internal set; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    internal OrchestratorRegistration? FindOrchestrator(string name) => _orchestrators.GetValueOrDefault(name);

    internal ActivityRegistration? FindActivity(string name) => _activities.GetValueOrDefault(name);

    internal void AddOrchestrator<TOrchestrator, TInput, TOutput>(string name)
        where TOrchestrator : class, IOrchestrator<TInput, TOutput>
    {
        RunLayout.ValidateName(name);
        if (!_orchestrators.TryAdd(name, new OrchestratorRegistration(name, InvokeOrchestratorAsync<TOrchestrator, TInput, TOutput>)))
        {
            throw new InvalidOperationException($"An orchestrator named '{name}' is already registered.");
        }
    }

    internal void AddActivity<TActivity, TInput, TResult>(string name)
        where TActivity : class, IActivity<TInput, TResult>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_activities.TryAdd(name, new ActivityRegistration(name, InvokeActivityAsync<TActivity, TInput, TResult>)))
        {
            throw new InvalidOperationException($"An activity named '{name}' is already registered.");
        }
    }

    private async Task<JsonElement> InvokeOrchestratorAsync<TOrchestrator, TInput, TOutput>(
        IServiceProvider services, IOrchestrationContext context, JsonElement input)
        where TOrchestrator : class, IOrchestrator<TInput, TOutput>
    {
        var orchestrator = services.GetRequiredService<TOrchestrator>();
        var output = await orchestrator.RunAsync(context, Serializer.FromElement<TInput>(input, "orchestration input"));
        return Serializer.ToElement(output, typeof(TOutput));
    }

    private async Task<JsonElement> InvokeActivityAsync<TActivity, TInput, TResult>(
        IServiceProvider services, JsonElement input, ActivityContext context, CancellationToken cancellationToken)
        where TActivity : class, IActivity<TInput, TResult>
    {
        var activity = services.GetRequiredService<TActivity>();
        var result = await activity.RunAsync(Serializer.FromElement<TInput>(input, $"'{context.Name}' input"), context, cancellationToken);
        return Serializer.ToElement(result, typeof(TResult));
    }
}
