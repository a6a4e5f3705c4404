using Party.Testing;

namespace Party.Branches.Tests;

public sealed class BranchesFactory() : ServiceFactory<Program>(Extensions.Database);
