using Party.Testing;
using Xunit.Abstractions;

namespace Party.Identity.Tests.Api;

/// <summary>
/// Issue 13's input classes over this service's OpenAPI document: the document-wide ones only, as the identity service takes no
/// bureau report (no natural keys) and hands out no codes to send back.
/// </summary>
public sealed class IdentityInputClassTests(IdentityFactory factory, ITestOutputHelper output)
    : DocumentInputClassTests<IdentityFactory, Program>(factory, output), IClassFixture<IdentityFactory>;
