using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Tongban.Web.Infrastructure;

namespace Tongban.Web.Features.Accounts;

/// <summary>
/// Encrypts ASP.NET Core's data-protection keys before they are stored in the database. Those keys sign and encrypt
/// the sign-in cookies and antiforgery tokens, so whoever could read them from a copy of the database could forge a
/// staff member's session. They are encrypted with the key that already protects residents' ID numbers and phones
/// (<c>SensitiveData:EncryptionKey</c>, AES-256-GCM), which lives in configuration, not in the database. Keys stored
/// before this (plain XML) are still read; new keys are written encrypted.
/// </summary>
public sealed class SensitiveDataXmlEncryptor(SensitiveDataProtector protector) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var cipher = protector.Encrypt(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement("aesGcm",
            new XComment(" 以配置项 SensitiveData:EncryptionKey（AES-256-GCM）加密 "),
            new XElement("value", cipher));
        return new EncryptedXmlInfo(element, typeof(SensitiveDataXmlDecryptor));
    }
}

/// <summary>Reads keys written by <see cref="SensitiveDataXmlEncryptor"/>; created by the data-protection system with its services.</summary>
public sealed class SensitiveDataXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var protector = services.GetRequiredService<SensitiveDataProtector>();
        var cipher = (string?)encryptedElement.Element("value");
        var plain = protector.Decrypt(cipher) ?? throw new CryptographicException("数据保护密钥的密文为空");
        return XElement.Parse(plain);
    }
}
