using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// The deployable build only (-p:EventHubsExtension=true): the Functions host extension the eventHubTrigger binding
// needs, named as Microsoft.Azure.Functions.Worker.Extensions.EventHubs 5.1.0 names it, so the SDK installs it into
// .azurefunctions/ and lists it in extensions.json.
[assembly: ExtensionInformation("Microsoft.Azure.WebJobs.Extensions.EventHubs", "5.1.0")]
