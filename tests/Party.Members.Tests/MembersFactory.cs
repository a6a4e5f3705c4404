using Party.Testing;

namespace Party.Members.Tests;

public sealed class MembersFactory() : ServiceFactory<Program>(Extensions.Database);
