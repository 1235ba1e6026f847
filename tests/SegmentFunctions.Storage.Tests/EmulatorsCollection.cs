using SegmentFunctions.Testing.Emulators;

namespace SegmentFunctions.Storage.Tests;

[CollectionDefinition(Emulators.Collection)]
public sealed class EmulatorsCollection : ICollectionFixture<Emulators>;
