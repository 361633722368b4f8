using Frontdesk.Domain.Notifications;

namespace Frontdesk.Domain.Tests.Notifications;

public sealed class MentionsTests
{
    private static readonly Mentionable[] People =
    [
        new(1, "Jane Doe", "jane.doe@acme.test"),
        new(2, "John Smith", "jsmith@acme.test"),
        new(3, "John Park", "jpark@acme.test"),
        new(4, "Ana María", "ana@acme.test"),
    ];

    [Theory]
    [InlineData("@jane.doe please look", new long[] { 1 })]
    [InlineData("@JaneDoe please look", new long[] { 1 })]
    [InlineData("@jane, thoughts?", new long[] { 1 })]
    [InlineData("@jsmith and @jpark.", new long[] { 2, 3 })]
    [InlineData("@Ana @ana @AnaMaría", new long[] { 4 })]
    public void Resolve_FindsAgentsByEmailLocalPart_NameOrUniqueFirstName(string text, long[] expected) =>
        Assert.Equal(expected, Mentions.Resolve(text, People));

    [Theory]
    [InlineData("@john can you help")]
    [InlineData("write to jane.doe@acme.test")]
    [InlineData("@nobody here")]
    [InlineData("no mentions at all")]
    [InlineData("@j")]
    public void Resolve_IgnoresAmbiguousFirstNames_EmailAddresses_AndUnknownHandles(string text) =>
        Assert.Empty(Mentions.Resolve(text, People));
}
