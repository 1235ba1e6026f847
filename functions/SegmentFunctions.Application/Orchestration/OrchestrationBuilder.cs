using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SegmentFunctions.Application.Orchestration;

/// <summary>Registers orchestrators and activities by name (their classes are resolved from DI per execution).</summary>
public sealed class OrchestrationBuilder(IServiceCollection services, OrchestrationRegistry registry)
{
    public IServiceCollection Services { get; } = services;

    public OrchestrationBuilder AddOrchestrator<TOrchestrator, TInput, TOutput>(string name)
        where TOrchestrator : class, IOrchestrator<TInput, TOutput>
    {
        registry.AddOrchestrator<TOrchestrator, TInput, TOutput>(name);
        Services.TryAddTransient<TOrchestrator>();
        return this;
    }

    public OrchestrationBuilder AddActivity<TActivity, TInput, TResult>(string name)
        where TActivity : class, IActivity<TInput, TResult>
    {
        registry.AddActivity<TActivity, TInput, TResult>(name);
        Services.TryAddTransient<TActivity>();
        return this;
    }

    /// <summary>
    /// The JSON options for inputs, outputs and results (default: web defaults, reflection). Pass options whose
    /// TypeInfoResolver is a source-generated context to avoid reflection.
    /// </summary>
    public OrchestrationBuilder UseJsonOptions(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        registry.Serializer = new OrchestrationSerializer(options);
        return this;
    }
}
