namespace SegmentFunctions.Application.Tests.Orchestration;

/// <summary>The activities <see cref="VersionedOrchestrator"/> calls: changing it between executions is a code change.</summary>
public sealed record DeployedVersion(string[] Activities);
