using SegmentFunctions.Application.Composition;
using SegmentFunctions.Hosting;
using SegmentFunctions.Scoring;

namespace SegmentFunctions.Serving;

/// <summary>The handler's share of score serving: application services, the model refresher, JSON and the API key.</summary>
public static class ServingHosting
{
    /// <summary>
    /// Score serving (<see cref="ServingServiceCollectionExtensions.AddSegmentServing"/>), batch score reading, the
    /// background <see cref="ServingModelRefresher"/>, the serving API's source-generated JSON, and the optional API
    /// key (section "Api").
    /// </summary>
    public static IServiceCollection AddScoreServing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSegmentServing(configuration);
        services.AddSegmentBatchScoring(configuration);
        services.AddHostedService<ServingModelRefresher>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServingJsonContext.Default));
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.SectionName));
        return services;
    }

    /// <summary>Requires the API key, when one is configured, on every endpoint not marked <see cref="ApiKeyExempt"/>.</summary>
    public static IApplicationBuilder UseApiKey(this IApplicationBuilder app) => app.UseMiddleware<ApiKeyMiddleware>();
}
