using Microsoft.Extensions.Options;
using Tongban.Tests.Infrastructure;
using Tongban.Web.Features.People;
using Tongban.Web.Infrastructure;

namespace Tongban.Tests.Features.People;

[Trait("Db", "none")]
public sealed class ResidentWriterTests
{
    private static readonly SensitiveDataProtector Protector = new(Options.Create(new SensitiveDataOptions
    {
        EncryptionKey = TongbanFactory.EncryptionKey,
        LookupKey = TongbanFactory.LookupKey,
    }));

    [Theory]
    [InlineData("11010519491231002X", true)]
    [InlineData("110105194912310021", false)] // wrong check character
    [InlineData("11010519491231002", false)]  // 17 characters
    [InlineData("110105194913310028", false)] // month 13
    [InlineData("1101051949123100AX", false)]
    public void Id_numbers_are_checked_with_the_GB_11643_check_character(string id, bool valid)
    {
        Assert.Equal(valid, ChinaIdentity.IsValidIdNumber(id));
        if (!valid) Assert.Matches("[\u4e00-\u9fff]", ChinaIdentity.IdNumberProblem(id)!);
    }

    [Fact]
    public void Wrong_check_character_is_explained_in_chinese()
    {
        Assert.Equal("身份证号校验位不正确，请核对后重新输入", ChinaIdentity.IdNumberProblem("110105194912310021"));
    }

    [Fact]
    public void Masks_show_only_the_ends()
    {
        Assert.Equal("110105********002X", ChinaIdentity.MaskIdNumber("11010519491231002X"));
        Assert.Equal("138****8000", ChinaIdentity.MaskMobile("13800138000"));
        Assert.Equal("张**", ResidentWriter.MaskName("张晓明"));
    }

    [Fact]
    public void Apply_sets_every_derived_field_and_keeps_no_plain_sensitive_value()
    {
        var id = PeopleWorld.IdNumber("11010119900307123");
        var r = new Resident { Name = " 张晓明 " };
        ResidentWriter.Apply(r, id.ToLowerInvariant(), "138 0013 8000", "肢体残疾 二级", Protector, ResidentWriter.AddressText("晨光小区", "3号楼", "1单元", "301"));

        Assert.Equal("张晓明", r.Name);
        Assert.Equal("zxm", r.NameInitials);
        Assert.Equal("男", r.Gender);
        Assert.Equal(1990, r.BirthYear);
        Assert.Equal(ChinaIdentity.MaskIdNumber(id), r.IdNumberMasked);
        Assert.Equal("138****8000", r.PhoneMasked);
        Assert.Equal(id, Protector.Decrypt(r.IdNumberCipher));
        Assert.Equal("13800138000", Protector.Decrypt(r.PhoneCipher));
        Assert.Equal("肢体残疾 二级", Protector.Decrypt(r.HealthCipher));
        Assert.Equal(Protector.LookupHash(id), r.IdNumberHash);
        Assert.Equal(Protector.LookupHash("13800138000"), r.PhoneHash);

        var tokens = r.SearchText.Split(' ');
        Assert.Equal(tokens.Length, tokens.Distinct().Count());
        foreach (var expected in new[] { "张", "晓明", "zxm", "i" + id[^4..].ToLowerInvariant(), "p8000", "晨光", "号楼", "3", "301", "3号楼", "1单元" })
            Assert.Contains(expected, tokens);
        foreach (var text in new[] { r.SearchText, r.IdNumberCipher!, r.PhoneCipher!, r.HealthCipher! })
        {
            Assert.DoesNotContain(id, text, StringComparison.Ordinal);
            Assert.DoesNotContain("13800138000", text, StringComparison.Ordinal);
            Assert.DoesNotContain("肢体", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Relocate_rebuilds_the_search_text_from_the_masked_tails()
    {
        var r = new Resident { Name = "李华" };
        ResidentWriter.Apply(r, PeopleWorld.LiId, PeopleWorld.LiPhone, null, Protector, "晨光小区 5号楼 1单元 201");
        var before = r.SearchText;
        ResidentWriter.Relocate(r, 7, "x/", "东湖小区 1号楼 1单元 102");
        Assert.Equal("x/", r.AreaPath);
        Assert.Equal(7, r.DwellingId);
        Assert.Contains("东湖", r.SearchText.Split(' '));
        Assert.Contains("p5678", r.SearchText.Split(' '));
        Assert.DoesNotContain("晨光", r.SearchText.Split(' '));
        Assert.NotEqual(before, r.SearchText);
    }

    [Theory]
    [InlineData("张晓明", "\"张晓\" AND \"晓明\"", "'张晓' & '晓明'")]
    [InlineData("zxm", "\"zxm\"*", "'zxm':*")]
    [InlineData("尾号1234", "(\"i1234\" OR \"p1234\")", "('i1234' | 'p1234')")]
    [InlineData("尾号123X", "\"i123x\"", "'i123x'")]
    [InlineData("1502", "(\"i1502\" OR \"p1502\" OR \"1502\"*)", "('i1502' | 'p1502' | '1502':*)")]
    [InlineData("3号楼", "\"3号楼\"*", "'3号楼':*")]
    [InlineData("晨光小区3号楼 1单元", "\"3号楼\"* AND \"1单元\"* AND \"晨光\" AND \"光小\" AND \"小区\"", "'3号楼':* & '1单元':* & '晨光' & '光小' & '小区'")]
    [InlineData("110101********1234", "\"i1234\"", "'i1234'")]
    [InlineData("138****5678", "\"p5678\"", "'p5678'")]
    [InlineData("张 ' OR 1=1; --", "\"张\" AND \"or\"* AND \"1\"*", "'张' & 'or':* & '1':*")]
    public void Queries_become_index_queries_with_only_letters_digits_and_han(string q, string fts, string tsquery)
    {
        var parsed = Assert.IsType<ResidentSearch.TextQuery>(ResidentSearch.Parse(q));
        Assert.Equal(fts, ResidentSearch.ToFts5(parsed.Clauses));
        Assert.Equal(tsquery, ResidentSearch.ToTsQuery(parsed.Clauses));
    }

    [Theory]
    [InlineData("张", false)]
    [InlineData("zx", false)]
    [InlineData("晓明", true)]
    [InlineData("张 zx", false)]
    [InlineData("zxm", true)]
    [InlineData("尾号1234", true)]
    [InlineData("3号楼", true)]
    [InlineData("张 301", true)]
    public void Rare_terms_are_told_from_dense_ones(string q, bool selective)
    {
        var parsed = Assert.IsType<ResidentSearch.TextQuery>(ResidentSearch.Parse(q));
        Assert.Equal(selective, ResidentSearch.IsSelective(parsed.Clauses));
    }

    [Fact]
    public void Full_id_numbers_and_mobiles_are_exact_lookups()
    {
        Assert.IsType<ResidentSearch.ExactIdNumber>(ResidentSearch.Parse(PeopleWorld.ZhangId));
        Assert.IsType<ResidentSearch.ExactPhone>(ResidentSearch.Parse("138 0013 8000"));
        Assert.IsType<ResidentSearch.NoText>(ResidentSearch.Parse("  "));
    }

    [Theory]
    [InlineData("=SUM(A1:A9)", true)]
    [InlineData("+8613800138000", true)]
    [InlineData("-1", true)]
    [InlineData("@cmd", true)]
    [InlineData("<script>alert(1)</script>", true)]
    [InlineData("张<b>三</b>", true)]
    [InlineData("3<5 楼", false)]
    [InlineData("张晓明", false)]
    public void Formulas_and_html_are_refused(string text, bool refused)
    {
        Assert.Equal(refused, InputSafety.Problem(text) is not null);
    }

    [Theory]
    [InlineData("晨光小区 3号楼 1单元 301", "3号楼|1单元")]
    [InlineData("花园3小区15栋301室", "3小区|15栋|301室")]
    [InlineData("A座 b2 12号院", "12号院")]
    public void Numbered_address_words_are_kept_whole(string text, string expected)
    {
        Assert.Equal(expected, string.Join('|', ResidentWriter.NumberedWords(text)));
    }

    [Fact]
    public void Floors_come_from_room_numbers()
    {
        Assert.Equal(15, DwellingPlaces.FloorOf("1502"));
        Assert.Equal(3, DwellingPlaces.FloorOf("301"));
        Assert.Equal(0, DwellingPlaces.FloorOf("A1"));
    }

    [Fact]
    public void The_template_has_the_documented_header_and_reads_back()
    {
        var rows = TestWorkbook.ReadRows(ImportTemplate.Bytes());
        Assert.Single(rows);
        Assert.Equal(ImportColumns.All, rows[0].ToArray());
    }
}
