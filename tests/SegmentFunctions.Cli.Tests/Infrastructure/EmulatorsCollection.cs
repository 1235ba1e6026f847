using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Cli.Tests.Infrastructure;

[CollectionDefinition(Emulators.Collection)]
public sealed class EmulatorsCollection : ICollectionFixture<Emulators>;
