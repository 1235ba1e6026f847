using System.Runtime.Versioning;

// The Bicep CLI comes from its linux-x64 package and package.sh publishes for linux-x64: these tests run on Linux.
[assembly: SupportedOSPlatform("linux")]
