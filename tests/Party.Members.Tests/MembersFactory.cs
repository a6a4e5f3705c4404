using Party.Testing;

namespace Party.Members.Tests;

public class MembersFactory() : ServiceFactory<Program>(Extensions.Database);
