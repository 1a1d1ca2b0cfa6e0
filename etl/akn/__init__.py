"""Front end for the UN's Akoma Ntoso XML (AKN4UN profile)."""
