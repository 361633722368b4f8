using Frontdesk.Domain.Routing;

namespace Frontdesk.Domain.Tests.Routing;

public sealed class SkillCatalogTests
{
    // Categories: Billing (1) › Refunds (2) › Chargebacks (3); Shipping (4).
    private static readonly Dictionary<long, long?> Tree = new() { [1] = null, [2] = 1, [3] = 2, [4] = null };

    private static readonly SkillRef BillingSkill = new(10, "Billing", SkillKind.Category, 1, null);
    private static readonly SkillRef ChargebackSkill = new(11, "Chargebacks", SkillKind.Category, 3, null);
    private static readonly SkillRef Portuguese = new(20, "Portuguese", SkillKind.Language, null, "pt");
    private static readonly SkillRef Brazilian = new(21, "Brazilian Portuguese", SkillKind.Language, null, "pt-br");
    private static readonly SkillRef German = new(22, "German", SkillKind.Language, null, "de");
    private static readonly SkillRef Widget = new(30, "Widget Pro", SkillKind.Product, null, "widget pro");

    private static readonly SkillCatalog Catalog = new([BillingSkill, ChargebackSkill, Portuguese, Brazilian, German, Widget], Tree);

    private static long[] Ids(TicketNeeds needs) => needs.Items.Select(n => n.SkillId).ToArray();

    [Fact]
    public void Category_NeedsItsOwnSkill_OrTheNearestAncestorsSkill()
    {
        Assert.Equal([10], Ids(Catalog.NeedsOf(1, null, null)));
        Assert.Equal([10], Ids(Catalog.NeedsOf(2, null, null)));
        Assert.Equal([11], Ids(Catalog.NeedsOf(3, null, null)));
        Assert.Empty(Ids(Catalog.NeedsOf(4, null, null)));
    }

    [Fact]
    public void Language_NeedsTheFullTagsSkill_ElseThePrimaryLanguagesSkill_IgnoringCase()
    {
        Assert.Equal([21], Ids(Catalog.NeedsOf(null, "pt-BR", null)));
        Assert.Equal([20], Ids(Catalog.NeedsOf(null, "pt-PT", null)));
        Assert.Equal([22], Ids(Catalog.NeedsOf(null, " DE-at ", null)));
        Assert.Empty(Ids(Catalog.NeedsOf(null, "fr", null)));
    }

    [Fact]
    public void Product_NeedsTheSkillForThatValue_IgnoringCaseAndSpaces()
    {
        Assert.Equal([30], Ids(Catalog.NeedsOf(null, null, "  Widget PRO")));
        Assert.Empty(Ids(Catalog.NeedsOf(null, null, "Gadget")));
    }

    [Fact]
    public void ATicket_NeedsOneSkillPerSide_AndAnAgentMustCoverThemAll()
    {
        var needs = Catalog.NeedsOf(2, "de", "widget pro");

        Assert.Equal([10, 22, 30], Ids(needs));
        Assert.True(needs.CoveredBy(new HashSet<long> { 10, 22, 30, 99 }));
        Assert.False(needs.CoveredBy(new HashSet<long> { 10, 22 }));
        Assert.Equal([30L], needs.MissingFrom(new HashSet<long> { 10, 22 }));
    }

    [Fact]
    public void ABrokenCategoryTree_DoesNotLoopForever()
    {
        var catalog = new SkillCatalog([], new Dictionary<long, long?> { [1] = 2, [2] = 1 });

        Assert.Same(TicketNeeds.None, catalog.NeedsOf(1, null, null));
    }

    [Fact]
    public void Skill_NormalisesWhatItMatches()
    {
        var language = new Domain.Routing.Skill("Brazilian", SkillKind.Language, 5, "  pt-BR ");
        var category = new Domain.Routing.Skill("Billing", SkillKind.Category, 5, "ignored");

        Assert.Equal("pt-br", language.Value);
        Assert.Null(language.CategoryId);
        Assert.Equal(5, category.CategoryId);
        Assert.Null(category.Value);
    }
}
